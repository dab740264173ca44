# Installing kneeviz like any desktop application (docs/install.md):
#   cmake --install build --prefix PREFIX
# puts the program in PREFIX/bin and what it reads in PREFIX/share/kneeviz/assets, where the
# program finds it from its own folder, with a desktop entry, the icon (SVG and PNG sizes),
# AppStream metainfo and a manual page; `cpack -G DEB` in the build folder makes a Debian package
# that installs to /usr. tools/test-install.sh checks both.
include(GNUInstallDirs)

set(kneeviz_app_id io.github.kneeviz.kneeviz)
set(packaging ${PROJECT_SOURCE_DIR}/packaging)

install(TARGETS kneeviz RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/kneeviz/assets)
install(FILES ${packaging}/${kneeviz_app_id}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${packaging}/${kneeviz_app_id}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${packaging}/kneeviz.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# The PNG sizes desktops look for, drawn from the SVG by rsvg-convert (librsvg2-bin).
find_program(KNEEVIZ_RSVG_CONVERT rsvg-convert)
if(KNEEVIZ_RSVG_CONVERT)
  set(icon_pngs)
  foreach(size 16 24 32 48 64 128 256 512)
    set(png ${CMAKE_CURRENT_BINARY_DIR}/icons/${size}x${size}/kneeviz.png)
    add_custom_command(OUTPUT ${png}
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/icons/${size}x${size}
                       COMMAND ${KNEEVIZ_RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${packaging}/kneeviz.svg
                       DEPENDS ${packaging}/kneeviz.svg
                       COMMENT "Drawing the ${size}x${size} icon" VERBATIM)
    list(APPEND icon_pngs ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
  endforeach()
  add_custom_target(kneeviz_icons ALL DEPENDS ${icon_pngs})
else()
  message(WARNING "rsvg-convert (Debian package librsvg2-bin) not found: only the SVG icon will be "
                  "installed; tools/setup.sh installs it")
endif()

# The manual page, compressed as Debian's policy asks (-n: no name or time inside, reproducible).
set(man_gz ${CMAKE_CURRENT_BINARY_DIR}/kneeviz.1.gz)
add_custom_command(OUTPUT ${man_gz}
                   COMMAND gzip -n -9 -c ${packaging}/kneeviz.1 > ${man_gz}
                   DEPENDS ${packaging}/kneeviz.1
                   COMMENT "Compressing the manual page")
add_custom_target(kneeviz_man ALL DEPENDS ${man_gz})
install(FILES ${man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The Debian package: `cd build && cpack -G DEB`.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kneeviz)
set(CPACK_PACKAGE_VENDOR "The kneeviz team")
set(CPACK_PACKAGE_CONTACT "The kneeviz team <team@kneeviz.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "massage for knee pain, shown on a 3D leg")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "massage for knee pain, shown on a 3D leg
 kneeviz is a real-time 3D anatomy visualiser for teaching massage for knee
 pain: an adult leg with its muscles, IT band, bones and lymphatics, and a
 therapist's two hands performing ten techniques on the skin, the client
 lying on a treatment table. It renders on any OpenGL 3.3 machine, Mesa's
 software renderer included, and headless to pictures, glTF and video.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# The libraries it links, found by dpkg-shlibdeps; EGL and GL (glad opens them at run time) with
# Mesa's EGL and drivers, for windows, headless rendering and the software renderer; ffmpeg and
# the caption font for `record`.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libegl1, libgl1, libegl-mesa0, libgl1-mesa-dri")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ffmpeg, fonts-dejavu-core")
include(CPack)
